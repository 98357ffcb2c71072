import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useEscape } from '../../ui/use-escape.hook';

interface Props {
  label: string;
  title: ReactNode;
  /** Extra class of the body (e.g. the wall's wider grid). */
  bodyClass?: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}

/** A camera modal over the console (snapshot and clip, camera wall): a click outside or Escape closes it. */
export function CamModal({ label, title, bodyClass, testId, onClose, children }: Props) {
  const { t } = useTranslation();
  useEscape(onClose);
  return (
    <div className="cam-modal" role="dialog" aria-modal="true" aria-label={label} onClick={onClose}>
      <div
        className={bodyClass ? `cam-modal-body ${bodyClass}` : 'cam-modal-body'}
        onClick={(e) => e.stopPropagation()}
        data-testid={testId}
      >
        <header className="cam-modal-head">
          <h3>{title}</h3>
          <button type="button" className="link" onClick={onClose} data-testid={`${testId}-close`}>
            {t('camera.close')} ✕
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
