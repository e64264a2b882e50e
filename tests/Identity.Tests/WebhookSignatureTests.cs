using SheqingMinyi.Identity.Webhooks;
using SheqingMinyi.Tests;
using StandardWebhooks;

namespace SheqingMinyi.Identity.Tests;

/// <summary>The signing identity uses (the StandardWebhooks package keyed with the secret's bytes) against the
/// specification's published example, and the tests' own reference check against both.</summary>
public sealed class WebhookSignatureTests
{
    // The Standard Webhooks specification's example (also the reference libraries' test vector).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Identity_signs_the_specifications_example_as_published()
    {
        var signature = new StandardWebhook(WebhookSecrets.KeyOf(Secret)).Sign(Id, DateTimeOffset.FromUnixTimeSeconds(Timestamp), Body);

        Assert.Equal(Expected, signature);
    }

    [Fact]
    public void The_reference_check_accepts_the_example_and_refuses_any_change()
    {
        Assert.True(WebhookReceiver.Verifies(Secret, Id, Timestamp.ToString(), Body, Expected));
        Assert.True(WebhookReceiver.Verifies(Secret, Id, Timestamp.ToString(), Body, "v1,bm90LWl0 " + Expected)); // several signatures
        Assert.False(WebhookReceiver.Verifies(Secret, Id, (Timestamp + 1).ToString(), Body, Expected));
        Assert.False(WebhookReceiver.Verifies(Secret, "msg_other", Timestamp.ToString(), Body, Expected));
        Assert.False(WebhookReceiver.Verifies(Secret, Id, Timestamp.ToString(), Body + " ", Expected));
        Assert.False(WebhookReceiver.Verifies(WebhookSecrets.New(), Id, Timestamp.ToString(), Body, Expected));
    }
}
