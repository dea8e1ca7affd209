/**
 * The local service providers (see ../services.ts), in the order their invokers are tried. One
 * module per service in this folder; add yours to the list.
 */
import type { LocalServiceProvider } from '../services';
import { activityWorkersProvider } from './activity-workers';
import { crmApiProvider } from './crm-api';
import { dynamoDbProvider } from './dynamodb';
import { messagingProvider } from './messaging';
import { stateMachinesProvider } from './state-machines';
import { s3Provider } from './s3';

export const localServiceProviders: LocalServiceProvider[] = [dynamoDbProvider, messagingProvider, stateMachinesProvider, s3Provider, activityWorkersProvider, crmApiProvider];
