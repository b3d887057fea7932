"""Contains all the data models used in inputs/outputs"""

from .access_key_created_out import AccessKeyCreatedOut
from .access_key_out import AccessKeyOut
from .account_in import AccountIn
from .account_out import AccountOut
from .account_patch_in import AccountPatchIn
from .actor_out import ActorOut
from .aggregation_run import AggregationRun
from .aggregation_summary import AggregationSummary
from .aggregation_summary_alerts import AggregationSummaryAlerts
from .alert_rule_in import AlertRuleIn
from .alert_rule_out import AlertRuleOut
from .api_key_created_out import ApiKeyCreatedOut
from .api_key_in import ApiKeyIn
from .api_key_in_role_type_0 import ApiKeyInRoleType0
from .api_key_out import ApiKeyOut
from .api_list_regions_response import ApiListRegionsResponse
from .api_region import ApiRegion
from .audit_event_out import AuditEventOut
from .audit_event_out_after_type_0 import AuditEventOutAfterType0
from .audit_event_out_before_type_0 import AuditEventOutBeforeType0
from .backfill_in import BackfillIn
from .backfill_in_table import BackfillInTable
from .backfill_out import BackfillOut
from .client_account_in import ClientAccountIn
from .client_usage_out import ClientUsageOut
from .contract_day_out import ContractDayOut
from .contract_in import ContractIn
from .contract_out import ContractOut
from .contract_overview_out import ContractOverviewOut
from .contract_patch_in import ContractPatchIn
from .contract_type import ContractType
from .daily_usage_out import DailyUsageOut
from .deal_in import DealIn
from .deal_out import DealOut
from .deal_patch_in import DealPatchIn
from .deal_status import DealStatus
from .delivery_attempt_out import DeliveryAttemptOut
from .endpoint_in import EndpointIn
from .endpoint_out import EndpointOut
from .endpoint_patch import EndpointPatch
from .error_detail import ErrorDetail
from .error_out import ErrorOut
from .error_out_details_item_type_1 import ErrorOutDetailsItemType1
from .event_out import EventOut
from .event_out_data import EventOutData
from .export_accepted import ExportAccepted
from .export_in import ExportIn
from .export_in_format import ExportInFormat
from .export_in_type import ExportInType
from .export_out import ExportOut
from .export_out_parameters import ExportOutParameters
from .export_schedule_in import ExportScheduleIn
from .export_schedule_in_format import ExportScheduleInFormat
from .export_schedule_in_frequency import ExportScheduleInFrequency
from .export_schedule_in_type import ExportScheduleInType
from .export_schedule_out import ExportScheduleOut
from .export_schedule_out_parameters import ExportScheduleOutParameters
from .hourly_out import HourlyOut
from .icmc_contract_out import IcmcContractOut
from .invitation_accept_in import InvitationAcceptIn
from .list_deals_status_type_0 import ListDealsStatusType0
from .list_organizations_type_type_0 import ListOrganizationsTypeType0
from .login_in import LoginIn
from .login_out import LoginOut
from .me_change_in import MeChangeIn
from .me_change_in_locale_type_0 import MeChangeInLocaleType0
from .me_out import MeOut
from .me_out_authenticatedwith import MeOutAuthenticatedwith
from .member_in import MemberIn
from .member_in_role import MemberInRole
from .member_out import MemberOut
from .member_out_second_factors_item import MemberOutSecondFactorsItem
from .member_out_status import MemberOutStatus
from .member_patch_in import MemberPatchIn
from .member_patch_in_role_type_0 import MemberPatchInRoleType0
from .mfa_in import MfaIn
from .mfa_in_credential_type_0 import MfaInCredentialType0
from .mfa_required_out import MfaRequiredOut
from .mfa_required_out_methods_item import MfaRequiredOutMethodsItem
from .mfa_status_out import MfaStatusOut
from .organization_in import OrganizationIn
from .organization_in_type import OrganizationInType
from .organization_out import OrganizationOut
from .organization_patch_in import OrganizationPatchIn
from .organization_ref import OrganizationRef
from .partner_day_out import PartnerDayOut
from .partner_in import PartnerIn
from .partner_member_in import PartnerMemberIn
from .partner_member_in_role import PartnerMemberInRole
from .partner_member_out import PartnerMemberOut
from .partner_out import PartnerOut
from .partner_put_in import PartnerPutIn
from .partner_sagas_out import PartnerSagasOut
from .passkey_delete_in import PasskeyDeleteIn
from .passkey_in import PasskeyIn
from .passkey_in_credential import PasskeyInCredential
from .passkey_login_in import PasskeyLoginIn
from .passkey_login_in_credential import PasskeyLoginInCredential
from .passkey_options_in import PasskeyOptionsIn
from .passkey_out import PasskeyOut
from .password_change_in import PasswordChangeIn
from .password_in import PasswordIn
from .ping_out import PingOut
from .purge_summary_out import PurgeSummaryOut
from .purge_summary_out_accounts_item import PurgeSummaryOutAccountsItem
from .reconcile_summary_out import ReconcileSummaryOut
from .reconcile_summary_out_accounts_item import ReconcileSummaryOutAccountsItem
from .recovery_codes_out import RecoveryCodesOut
from .rejected_sample import RejectedSample
from .replay_in import ReplayIn
from .reset_confirm_in import ResetConfirmIn
from .reset_request_in import ResetRequestIn
from .reset_request_out import ResetRequestOut
from .samples_in_item import SamplesInItem
from .samples_out import SamplesOut
from .sso_in import SsoIn
from .sso_in_defaultrole import SsoInDefaultrole
from .sso_in_rolemapping import SsoInRolemapping
from .sso_in_rolemapping_additional_property import SsoInRolemappingAdditionalProperty
from .sso_out import SsoOut
from .sso_out_rolemapping import SsoOutRolemapping
from .target_type import TargetType
from .totp_confirm_in import TotpConfirmIn
from .totp_delete_in import TotpDeleteIn
from .totp_start_out import TotpStartOut
from .transfer_in import TransferIn
from .user_out import UserOut
from .user_out_locale_type_0 import UserOutLocaleType0
from .web_authn_options_out import WebAuthnOptionsOut

__all__ = (
    "AccessKeyCreatedOut",
    "AccessKeyOut",
    "AccountIn",
    "AccountOut",
    "AccountPatchIn",
    "ActorOut",
    "AggregationRun",
    "AggregationSummary",
    "AggregationSummaryAlerts",
    "AlertRuleIn",
    "AlertRuleOut",
    "ApiKeyCreatedOut",
    "ApiKeyIn",
    "ApiKeyInRoleType0",
    "ApiKeyOut",
    "ApiListRegionsResponse",
    "ApiRegion",
    "AuditEventOut",
    "AuditEventOutAfterType0",
    "AuditEventOutBeforeType0",
    "BackfillIn",
    "BackfillInTable",
    "BackfillOut",
    "ClientAccountIn",
    "ClientUsageOut",
    "ContractDayOut",
    "ContractIn",
    "ContractOut",
    "ContractOverviewOut",
    "ContractPatchIn",
    "ContractType",
    "DailyUsageOut",
    "DealIn",
    "DealOut",
    "DealPatchIn",
    "DealStatus",
    "DeliveryAttemptOut",
    "EndpointIn",
    "EndpointOut",
    "EndpointPatch",
    "ErrorDetail",
    "ErrorOut",
    "ErrorOutDetailsItemType1",
    "EventOut",
    "EventOutData",
    "ExportAccepted",
    "ExportIn",
    "ExportInFormat",
    "ExportInType",
    "ExportOut",
    "ExportOutParameters",
    "ExportScheduleIn",
    "ExportScheduleInFormat",
    "ExportScheduleInFrequency",
    "ExportScheduleInType",
    "ExportScheduleOut",
    "ExportScheduleOutParameters",
    "HourlyOut",
    "IcmcContractOut",
    "InvitationAcceptIn",
    "ListDealsStatusType0",
    "ListOrganizationsTypeType0",
    "LoginIn",
    "LoginOut",
    "MeChangeIn",
    "MeChangeInLocaleType0",
    "MemberIn",
    "MemberInRole",
    "MemberOut",
    "MemberOutSecondFactorsItem",
    "MemberOutStatus",
    "MemberPatchIn",
    "MemberPatchInRoleType0",
    "MeOut",
    "MeOutAuthenticatedwith",
    "MfaIn",
    "MfaInCredentialType0",
    "MfaRequiredOut",
    "MfaRequiredOutMethodsItem",
    "MfaStatusOut",
    "OrganizationIn",
    "OrganizationInType",
    "OrganizationOut",
    "OrganizationPatchIn",
    "OrganizationRef",
    "PartnerDayOut",
    "PartnerIn",
    "PartnerMemberIn",
    "PartnerMemberInRole",
    "PartnerMemberOut",
    "PartnerOut",
    "PartnerPutIn",
    "PartnerSagasOut",
    "PasskeyDeleteIn",
    "PasskeyIn",
    "PasskeyInCredential",
    "PasskeyLoginIn",
    "PasskeyLoginInCredential",
    "PasskeyOptionsIn",
    "PasskeyOut",
    "PasswordChangeIn",
    "PasswordIn",
    "PingOut",
    "PurgeSummaryOut",
    "PurgeSummaryOutAccountsItem",
    "ReconcileSummaryOut",
    "ReconcileSummaryOutAccountsItem",
    "RecoveryCodesOut",
    "RejectedSample",
    "ReplayIn",
    "ResetConfirmIn",
    "ResetRequestIn",
    "ResetRequestOut",
    "SamplesInItem",
    "SamplesOut",
    "SsoIn",
    "SsoInDefaultrole",
    "SsoInRolemapping",
    "SsoInRolemappingAdditionalProperty",
    "SsoOut",
    "SsoOutRolemapping",
    "TargetType",
    "TotpConfirmIn",
    "TotpDeleteIn",
    "TotpStartOut",
    "TransferIn",
    "UserOut",
    "UserOutLocaleType0",
    "WebAuthnOptionsOut",
)
