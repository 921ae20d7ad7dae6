/** Azure Policy (Microsoft.Authorization): policy assignments at any scope and built-in policy set definitions. */
import type { Provider } from '../../core/contract.js';
import { policyRoutes } from './assignments.js';

export { POLICY_ASSIGNMENT_TYPE } from './assignments.js';

export const provider: Provider = { namespace: 'Microsoft.Authorization', routes: policyRoutes };
