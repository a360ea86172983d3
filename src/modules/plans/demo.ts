/** The demo council's plan: placeholder until the demo is written. */
import type { Council } from '../../kernel/actor.ts';
import type { PlansContext } from './services/context.ts';
import type { PlansServices } from './services/index.ts';

export async function seedPlansDemo(_ctx: PlansContext, _services: PlansServices, _council: Council): Promise<void> {}
