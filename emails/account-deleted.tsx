import { Heading, Link, Text } from '@react-email/components';
import { EmailLayout } from './layout';

export interface AccountDeletedProps {
  /** Who asked: the customer from their account, or the shop for a request received by email. */
  requestedBy: 'customer' | 'admin';
  orders: number;
  shopUrl: string;
}

export const accountDeletedSubject = () => 'Your Atelier account has been deleted';

export default function AccountDeleted(p: AccountDeletedProps) {
  return (
    <EmailLayout preview="Your account and the personal details it held are deleted.">
      <Heading as="h1" style={{ fontSize: 24 }}>
        Your account has been deleted
      </Heading>
      <Text>
        {p.requestedBy === 'customer'
          ? 'As you asked from your account page, we have deleted your Atelier account.'
          : 'As you asked us by email, we have deleted your Atelier account.'}{' '}
        Your name, addresses, personalisations, email history, sign-in sessions and email preferences are gone, and you will get no more
        emails from us after this one.
      </Text>
      {p.orders > 0 ? (
        <Text>
          The law requires us to keep the accounting record of your {p.orders === 1 ? 'order' : `${p.orders} orders`} (order number, items,
          amounts and country) for as long as tax rules say; nothing in it names you.
        </Text>
      ) : null}
      <Text>
        If you did not ask for this, reply to this email. You are always welcome back: <Link href={p.shopUrl}>{p.shopUrl}</Link>.
      </Text>
    </EmailLayout>
  );
}

AccountDeleted.PreviewProps = {
  requestedBy: 'customer',
  orders: 2,
  shopUrl: 'http://localhost:3000',
} satisfies AccountDeletedProps;
