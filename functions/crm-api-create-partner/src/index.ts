import { crmApiHandler } from '../../_shared/crm/api-handler';
import { CreatePartnerRequest } from '../../_shared/crm/requests';
import { PARTNERS } from '../../_shared/crm/tables';

/** `POST /create_partner` of the CRM API (API Gateway proxy event): stores the partner of a RUT once, in PARTNERS. */
export const handler = crmApiHandler(CreatePartnerRequest, PARTNERS);
