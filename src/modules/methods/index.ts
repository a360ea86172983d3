/**
 * Methods: the notes that explain how the service's figures are worked out (docs/methods/*.md), served as GOV.UK
 * pages at /methods/<topic> so that every page showing a figure can link to its method.
 */
import type { Module } from '../../kernel/module.ts';
import { methodsRoutes } from './routes.ts';
import { MethodsService, type MethodTopic } from './service.ts';

export { MethodsService, METHOD_TOPICS, type MethodTopic } from './service.ts';

/** The address of a method note's page. */
export const methodPath = (topic: MethodTopic, section?: string) => `/methods/${topic}${section ? `#${section}` : ''}`;

export function createMethodsModule(): Module<MethodsService> {
  const methods = new MethodsService();
  return { name: 'methods', services: methods, routes: methodsRoutes(methods) };
}
