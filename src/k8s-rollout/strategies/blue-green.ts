import { UserError } from '../../shared/errors.js';
import type { K8sRolloutResult, RolloutContext } from '../rollout-context.js';

export async function blueGreen(_ctx: RolloutContext): Promise<K8sRolloutResult> {
  throw new UserError('not implemented yet');
}
