/** Every resource provider the emulator serves. */
import type { Provider } from '../core/contract.js';
import { provider as authorization } from './authorization/index.js';
import { provider as compute } from './compute/index.js';
import { provider as containerService } from './containerservice/index.js';
import { provider as insights } from './insights/index.js';
import { provider as keyVault } from './keyvault/index.js';
import { provider as msi } from './msi/index.js';
import { provider as network } from './network/index.js';
import { provider as operationalInsights } from './operationalinsights/index.js';
import { provider as policy } from './policy/index.js';
import { provider as resources } from './resources/index.js';
import { provider as security } from './security/index.js';
import { provider as storage } from './storage/index.js';

export const providers: Provider[] = [
  resources,
  msi,
  authorization,
  policy,
  network,
  containerService,
  compute,
  keyVault,
  operationalInsights,
  insights,
  security,
  storage,
];
