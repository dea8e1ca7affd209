import { crmApiHandler } from '../../_shared/crm/api-handler';
import { CreateBenefitRequest } from '../../_shared/crm/requests';
import { BENEFIT } from '../../_shared/crm/tables';

/** `POST /create_benefit` of the CRM API (API Gateway proxy event): stores the benefit of a RUT once, in BENEFIT. */
export const handler = crmApiHandler(CreateBenefitRequest, BENEFIT);
