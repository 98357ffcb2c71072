import { useEscape } from '../../ui/use-escape.hook';
import { type ReactNode } from 'react';

interface Props {
  /** Class next to `dialog` (layout of this dialog). */
  className: string;
  label: string;
  testId: string;
  /** Extra data attributes on the form (what the dialog is about, for tests and styles). */
  data?: Record<`data-${string}`, string>;
  onSubmit(): void;
  onClose(): void;
  error: string | null;
  back: { label: string; testId?: string };
  submit: { label: ReactNode; className: string; disabled: boolean; testId: string };
  children: ReactNode;
}

/**
 * The desk's modal form: backdrop, Escape and the back button close it; the error (if any) above the
 * buttons. One place, so every dialog behaves alike.
 */
export function DialogForm({
  className,
  label,
  testId,
  data,
  onSubmit,
  onClose,
  error,
  back,
  submit,
  children,
}: Props) {
  useEscape(onClose);

  return (
    <div className="dialog-backdrop" role="presentation">
      <form
        className={`dialog ${className}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        data-testid={testId}
        {...data}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose} data-testid={back.testId}>
            {back.label}
          </button>
          <button
            type="submit"
            className={submit.className}
            disabled={submit.disabled}
            data-testid={submit.testId}
          >
            {submit.label}
          </button>
        </div>
      </form>
    </div>
  );
}
