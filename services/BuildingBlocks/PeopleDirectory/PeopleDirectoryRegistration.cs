using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.BuildingBlocks.PeopleDirectory;

public static class PeopleDirectoryRegistration
{
    /// <summary>Consumes the people service's person and unit events into the context's directory tables
    /// (the context maps them with <c>MapPeopleDirectory</c>).</summary>
    public static IHostApplicationBuilder AddPeopleDirectory<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext => builder
        .AddEventHandler<PersonRegistered, PeopleDirectoryHandlers<TContext>>()
        .AddEventHandler<PersonUpdated, PeopleDirectoryHandlers<TContext>>()
        .AddEventHandler<PersonDeactivated, PeopleDirectoryHandlers<TContext>>()
        .AddEventHandler<UnitCreated, PeopleDirectoryHandlers<TContext>>()
        .AddEventHandler<UnitChanged, PeopleDirectoryHandlers<TContext>>();

    /// <summary>Something to tell after a person's directory row changed and committed.</summary>
    public static IHostApplicationBuilder AddPeopleDirectoryObserver<TObserver>(this IHostApplicationBuilder builder)
        where TObserver : class, IPeopleDirectoryObserver
    {
        builder.Services.AddScoped<IPeopleDirectoryObserver, TObserver>();
        return builder;
    }

    /// <summary>Something to tell, inside the event's transaction, when a person's units may have changed.</summary>
    public static IHostApplicationBuilder AddPersonUnitsListener<TListener>(this IHostApplicationBuilder builder)
        where TListener : class, IPersonUnitsListener
    {
        builder.Services.AddScoped<IPersonUnitsListener, TListener>();
        return builder;
    }
}
