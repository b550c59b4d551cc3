import { deliveryHistory } from './history';
import { surveyRounds } from './surveys';
import type { DemoPart } from './types';

/**
 * The parts the demo is made of, in order. SEAM for issue 5 (surveys): survey rounds are a DemoPart in
 * `./surveys.ts` (e.g. `export const surveyRounds: DemoPart`), added to this list; each part draws from its own
 * PRNG stream, so adding one leaves the delivery history byte for byte unchanged.
 */
export const DEMO_PARTS: readonly DemoPart[] = [deliveryHistory, surveyRounds];
