using SheqingMinyi.BuildingBlocks.Http;
using SheqingMinyi.BuildingBlocks.Tenancy;
using SheqingMinyi.Intake.Apis;

namespace SheqingMinyi.Intake.Domain;

/// <summary>
/// The provenance a new draft gets from its request and caller. A partner system's items are always channel partner
/// (its client id kept); a person's default to portal.
/// </summary>
public static class ChannelRules
{
    /// <summary>The provenance, or null with the reasons added to <paramref name="validator"/>.</summary>
    public static Provenance? ForCreate(Validator validator, CreateSubmissionRequest request, Caller caller)
    {
        if (!ApiEnums.TryParse<SubmissionChannel>(request.Channel, out var channel))
        {
            validator.Add("channel", $"可选: {ApiEnums.Allowed<SubmissionChannel>()}");
            return null;
        }
        channel ??= caller.IsPartner ? SubmissionChannel.Partner : SubmissionChannel.Portal;
        switch (channel)
        {
            case SubmissionChannel.Portal when !caller.IsPartner:
                return Provenance.Portal;
            case SubmissionChannel.Partner when caller.IsPartner:
                return new Provenance(SubmissionChannel.Partner, PartnerClientId: caller.Subject);
            default:
                validator.Add("channel", $"不能以此渠道新建稿件: {ApiEnums.Name(channel.Value)}");
                return null;
        }
    }
}
