import type { Scenario, ScenarioName } from './scenario.types';
import { floodScenario } from './scenarios/flood.scenario';
import { marketFireScenario } from './scenarios/market-fire.scenario';
import { nightIntrusionScenario } from './scenarios/night-intrusion.scenario';
import { normalScenario } from './scenarios/normal.scenario';
import { pollutionEpisodeScenario } from './scenarios/pollution-episode.scenario';
import { watchlistPlateScenario } from './scenarios/watchlist-plate.scenario';

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  normal: normalScenario,
  'pollution-episode': pollutionEpisodeScenario,
  flood: floodScenario,
  'market-fire': marketFireScenario,
  'night-intrusion': nightIntrusionScenario,
  'watchlist-plate': watchlistPlateScenario,
};
