using Microsoft.Extensions.Options;

namespace SheqingMinyi.Identity.Auth.Keys;

/// <summary>
/// Loads the server keys before the service answers (after the database migrator) and then, every
/// <see cref="SigningKeyOptions.CheckInterval"/>, brings the schedule up to date: creates the next key when it is
/// due, switches to the key whose time has come, retires what expired. Replicas do the same on their own; the
/// database's schedule makes them agree.
/// </summary>
public sealed class SigningKeyRotation(SigningKeyRing ring, IConfiguration configuration, IOptions<SigningKeyOptions> options,
    ILogger<SigningKeyRotation> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        KeyRingProtection.WarnIfDefault(configuration, logger);
        await ring.RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.CheckInterval, stoppingToken);
                await ring.RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                // The keys in use stay in use; the next pass tries again.
                logger.LogError(ex, "Could not bring the server keys up to date");
            }
        }
    }
}
