// The admin customer page's forms: block (with a reason the customer is shown), unblock, delete the account for a
// request received by email, and — for superadmins — move the account between customer and admin.
import { getFormProps, getInputProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { blockCustomerSchema, changeRoleSchema } from '#core/schemas/admin-customer.ts';
import { buttonFormSchema } from '#core/schemas/button-form.ts';
import { adminDeleteAccountSchema } from '#core/schemas/privacy.ts';
import { CUSTOMER_INTENTS } from './customer-intents.ts';

export function BlockForm() {
  const [form, fields] = useSchemaForm({ id: 'block', schema: blockCustomerSchema, answer: useFormAnswer(CUSTOMER_INTENTS.block) });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <ConformField meta={fields.reason} label="Reason (shown to the customer)" />
      <FormErrors form={form} />
      <SubmitButton name="intent" value={CUSTOMER_INTENTS.block} variant="secondary">
        Block customer
      </SubmitButton>
    </Form>
  );
}

export function UnblockForm({ blockedAt, reason }: { blockedAt: string | null; reason: string | null }) {
  const [form] = useSchemaForm({ id: 'unblock', schema: buttonFormSchema, answer: useFormAnswer(CUSTOMER_INTENTS.unblock) });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <p>
        Blocked {blockedAt?.slice(0, 10)}: {reason}
      </p>
      <FormErrors form={form} />
      <SubmitButton name="intent" value={CUSTOMER_INTENTS.unblock} variant="secondary">
        Unblock
      </SubmitButton>
    </Form>
  );
}

/** One button: promotes a customer to admin or demotes an admin to customer. */
export function RoleForm({ role }: { role: 'customer' | 'admin' }) {
  const [form, fields] = useSchemaForm({ id: 'role', schema: changeRoleSchema, answer: useFormAnswer(CUSTOMER_INTENTS.role) });
  return (
    <Form method="post" className="cluster" {...getFormProps(form)}>
      <input type="hidden" name={fields.role.name} value={role === 'admin' ? 'customer' : 'admin'} />
      <SubmitButton name="intent" value={CUSTOMER_INTENTS.role} variant="secondary">
        {role === 'admin' ? 'Demote to customer' : 'Promote to admin'}
      </SubmitButton>
      <FormErrors form={form} hidden={[fields.role]} />
    </Form>
  );
}

/** Deletes the account and its personal data (the delete-account workflow), for a request the shop received by email. */
export function DeleteAccountForm() {
  const [form, fields] = useSchemaForm({
    id: 'delete-account',
    schema: adminDeleteAccountSchema,
    answer: useFormAnswer(CUSTOMER_INTENTS.deleteAccount),
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <ConformField meta={fields.request} label="How the request reached you (kept with the deletion record)" />
      <div className="checkbox-field">
        <input {...getInputProps(fields.confirm, { type: 'checkbox', value: 'on' })} />
        <div>
          <label htmlFor={fields.confirm.id}>Delete this account and its personal data for good</label>
          <FieldError meta={fields.confirm} />
        </div>
      </div>
      <FormErrors form={form} />
      <SubmitButton name="intent" value={CUSTOMER_INTENTS.deleteAccount} className="btn-danger">
        Delete account
      </SubmitButton>
    </Form>
  );
}
