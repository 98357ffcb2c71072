import type { SensorState } from './sensor-state.schema';

/** Sensor deltas: only the devices whose metrics changed since the last batch; newest value wins. */
export interface SensorDeltaBatch {
  states: SensorState[];
}

/** Socket.io events the server emits; typed once here for the gateway and the console. */
export interface ServerToClientEvents {
  'sensor:snapshot': (payload: { states: SensorState[] }) => void;
  'sensor:delta': (payload: SensorDeltaBatch) => void;
}

/** Socket.io events the console sends. */
export interface ClientToServerEvents {
  'sensor:subscribe': () => void;
}

export const SOCKET_PATH = '/socket.io';
