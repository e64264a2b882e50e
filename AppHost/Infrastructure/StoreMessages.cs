using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>What the AppHost decided about a store, said both in the terminal and in the store's console log.</summary>
internal static class StoreMessages
{
    /// <summary>Marks the AppHost's own lines in a store's console log, as DCP marks its lines "[sys]": neither is
    /// the server speaking.</summary>
    public const string Prefix = "[apphost] ";

    public static void Tell(IServiceProvider services, IResource store, string message)
    {
        services.GetRequiredService<ResourceLoggerService>().GetLogger(store).LogInformation("{Prefix}{Message}", Prefix, message);
        services.GetRequiredService<ILoggerFactory>().CreateLogger("SheqingMinyi.AppHost.Stores")
            .LogInformation("{Resource}: {Message}", store.Name, message);
    }
}
