/**
 * The local service providers (see ../services.ts), in the order their invokers are tried. One
 * module per service in this folder; add yours to the list.
 */
import type { LocalServiceProvider } from '../services';

export const localServiceProviders: LocalServiceProvider[] = [];
