// Every template with its PreviewProps, by the name the outbox records it under (emails.template), with
// the subject line the shop gives it: what /dev/emails lists and renders. emails/previews.test.ts fails
// when a template in this folder is missing here.
import { createElement, type ReactElement } from 'react';
import AccountDeleted, { accountDeletedSubject } from './account-deleted';
import CartReminder, { cartReminderSubject } from './cart-reminder';
import FilesReady, { filesReadySubject } from './files-ready';
import MagicLink, { magicLinkSubject } from './magic-link';
import MembershipEnded, { membershipEndedSubject } from './membership-ended';
import MembershipPaymentFailed, { membershipPaymentFailedSubject } from './membership-payment-failed';
import MembershipReceipt, { membershipReceiptSubject } from './membership-receipt';
import OrderCancelled, { orderCancelledSubject } from './order-cancelled';
import OrderConfirmation, { orderConfirmationSubject } from './order-confirmation';
import OrderRefunded, { orderRefundedSubject } from './order-refunded';
import OrderShipped, { orderShippedSubject } from './order-shipped';
import PersonalisationGuide, { personalisationGuideSubject } from './personalisation-guide';
import PointsAvailable, { pointsAvailableSubject } from './points-available';
import PointsExpiring, { pointsExpiringSubject } from './points-expiring';
import RenderFailed, { renderFailedSubject } from './render-failed';
import ReviewRequest, { reviewRequestSubject } from './review-request';
import ShopNewOrder, { shopNewOrderSubject } from './shop-new-order';
import Welcome, { welcomeSubject } from './welcome';
import WelcomeCode, { welcomeCodeSubject } from './welcome-code';
import WinBack, { winBackSubject } from './win-back';

/** A template module's default export: the component and the sample props it is previewed with. */
export interface EmailTemplate<Props> {
  (props: Props): ReactElement;
  PreviewProps: Props;
}

export interface EmailPreview {
  /** Who gets it: the customer, or the shop's own staff. */
  audience: 'customer' | 'staff';
  Template: (props: never) => ReactElement;
  subject: string;
  element: ReactElement;
}

function preview<Props extends object>(
  audience: EmailPreview['audience'],
  Template: EmailTemplate<Props>,
  subject: (props: Props) => string,
  props: Props = Template.PreviewProps,
): EmailPreview {
  return { audience, Template, subject: subject(props), element: createElement(Template, props) };
}

export const EMAIL_PREVIEWS: Readonly<Record<string, EmailPreview>> = {
  'magic-link': preview('customer', MagicLink, magicLinkSubject),
  'order-confirmation': preview('customer', OrderConfirmation, orderConfirmationSubject),
  'order-cancelled': preview('customer', OrderCancelled, orderCancelledSubject),
  'files-ready': preview('customer', FilesReady, filesReadySubject),
  'order-shipped': preview('customer', OrderShipped, orderShippedSubject),
  'order-refunded': preview('customer', OrderRefunded, orderRefundedSubject),
  welcome: preview('customer', Welcome, welcomeSubject),
  'personalisation-guide': preview('customer', PersonalisationGuide, personalisationGuideSubject),
  'welcome-code': preview('customer', WelcomeCode, welcomeCodeSubject),
  'cart-reminder': preview('customer', CartReminder, cartReminderSubject),
  // The abandoned-cart campaign's second reminder: the same template with a personal code.
  'cart-reminder-code': preview('customer', CartReminder, cartReminderSubject, {
    ...CartReminder.PreviewProps,
    code: { code: 'COMEBACK-9F2KX7QM', percentOff: 10, until: '2026-12-21' },
  }),
  'review-request': preview('customer', ReviewRequest, reviewRequestSubject),
  'win-back': preview('customer', WinBack, winBackSubject),
  'points-available': preview('customer', PointsAvailable, pointsAvailableSubject),
  'points-expiring': preview('customer', PointsExpiring, pointsExpiringSubject),
  'account-deleted': preview('customer', AccountDeleted, accountDeletedSubject),
  'membership-receipt': preview('customer', MembershipReceipt, membershipReceiptSubject),
  'membership-payment-failed': preview('customer', MembershipPaymentFailed, membershipPaymentFailedSubject),
  'membership-ended': preview('customer', MembershipEnded, membershipEndedSubject),
  'shop-new-order': preview('staff', ShopNewOrder, shopNewOrderSubject),
  'render-failed': preview('staff', RenderFailed, renderFailedSubject),
};

/** The preview of that name; undefined for a name that is none (the URL's own, so no prototype keys). */
export function findEmailPreview(name: string): EmailPreview | undefined {
  return Object.hasOwn(EMAIL_PREVIEWS, name) ? EMAIL_PREVIEWS[name] : undefined;
}
