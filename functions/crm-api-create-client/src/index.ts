import { crmApiHandler } from '../../_shared/crm/api-handler';
import { CreateClientRequest } from '../../_shared/crm/requests';
import { CLIENTS } from '../../_shared/crm/tables';

/** `POST /create_client` of the CRM API (API Gateway proxy event): stores the client of a RUT once, in CLIENTS. */
export const handler = crmApiHandler(CreateClientRequest, CLIENTS);
