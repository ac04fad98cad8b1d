import { useNavigation } from '@remix-run/react';
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export interface SubmitButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'value'> {
  /** Shown instead of the label while pending; without it the button shows a spinner. */
  busyText?: ReactNode;
  /** With `name`, the button is pending only when the submission carries this intent. */
  value?: string;
  /** The pending submission must post to this path (e.g. "/cart"); compared with navigation.formAction. */
  pendingAction?: string;
  /** Forces the pending state, e.g. from a fetcher's state, which useNavigation does not see. */
  busy?: boolean;
  variant?: 'primary' | 'secondary' | 'link';
}

/** A submit button that shows when its own submission is in flight and blocks a second click meanwhile. */
export function SubmitButton({
  busyText,
  pendingAction,
  busy,
  variant = 'primary',
  className,
  name,
  value,
  disabled,
  children,
  ...rest
}: SubmitButtonProps) {
  const navigation = useNavigation();
  const submitting = navigation.state !== 'idle' && navigation.formData != null;
  const matchesAction = pendingAction == null || stripSearch(navigation.formAction) === stripSearch(pendingAction);
  const matchesIntent = name == null || value == null || navigation.formData?.get(name) === value;
  const pending = busy ?? (submitting && matchesAction && matchesIntent);

  return (
    <button
      {...rest}
      type="submit"
      name={name}
      value={value}
      className={['btn', `btn-${variant}`, className].filter(Boolean).join(' ')}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      data-busy-text={pending && busyText != null ? '' : undefined}
    >
      {pending && busyText != null ? busyText : <span>{children}</span>}
    </button>
  );
}

// Remix adds "?index" to index-route actions; the comparison is about the path.
function stripSearch(path: string | undefined): string | undefined {
  return path?.split('?')[0];
}
