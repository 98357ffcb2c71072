import type { Unit } from '@ioc/contracts/unit.schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandError } from '../../api/http.client';
import { reportUnitStatus, setUnitAvailability } from '../../api/incidents.api';
import './dispatch.css';

type Action = 'en_route' | 'on_scene' | 'release' | 'off_duty' | 'back';

/** What an operator may record for a unit in its status (the server checks the same). */
export function unitActions(u: Pick<Unit, 'status' | 'incidentId'>): Action[] {
  if (u.incidentId && u.status === 'dispatched') return ['en_route', 'on_scene', 'release'];
  if (u.incidentId && u.status === 'en_route') return ['on_scene', 'release'];
  if (u.incidentId && u.status === 'on_scene') return ['release'];
  if (u.status === 'available') return ['off_duty'];
  if (u.status === 'off_duty') return ['back'];
  return [];
}

interface Props {
  unit: Unit;
  /** Called with what the server answered; the live feed brings the same to every console. */
  onChanged?(): void;
  /** Only the progress buttons (en route / on scene / release), e.g. in an incident's unit rows. */
  workOnly?: boolean;
}

/** The buttons of one unit row: en route / on scene / back available (release), off duty / back. */
export function UnitActions({ unit, onChanged, workOnly }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const actions = unitActions(unit).filter((a) => !workOnly || (a !== 'off_duty' && a !== 'back'));
  if (!actions.length) return null;
  const run = async (a: Action) => {
    setBusy(true);
    setError(null);
    try {
      if (a === 'off_duty' || a === 'back')
        await setUnitAvailability(unit.id, a === 'back' ? 'available' : 'off_duty');
      else await reportUnitStatus(unit.incidentId!, unit.id, a === 'release' ? 'available' : a);
      onChanged?.();
    } catch (e) {
      setError(e instanceof CommandError ? t('desk.refused', { status: e.status }) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="unit-actions" data-testid={`unit-actions-${unit.id}`}>
      {actions.map((a) => (
        <button
          key={a}
          type="button"
          className={`small-button unit-action-${a}`}
          disabled={busy}
          title={t(`desk.actionTitle.${a}`)}
          data-testid={`unit-${a}-${unit.id}`}
          onClick={() => void run(a)}
        >
          {t(`desk.action.${a}`)}
        </button>
      ))}
      {error && (
        <span className="error small" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
