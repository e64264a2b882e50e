using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SheqingMinyi.Security;

namespace SheqingMinyi.People.Data;

/// <summary>
/// Encrypts personal data (phone, ID number) at rest with ASP.NET Core Data Protection: authenticated encryption
/// (AES-256-CBC + HMAC-SHA256) under keys from the ring in <c>People:KeyRing:Directory</c> (local mode:
/// <c>&lt;DataDirectory&gt;/people-keyring</c>), rotated every 90 days with old keys kept for reading. A dump of the
/// database, a replica or the application role alone never yields a phone number; the ring must be backed up with
/// the database. The EF converter (<see cref="Converter"/>) keeps the rest of the code on plain values.
/// </summary>
public sealed class PersonalDataProtector
{
    public const string Section = "People:KeyRing";
    private const string Purpose = "SheqingMinyi.People.PersonalData.v1";
    private readonly IDataProtector _protector;

    public PersonalDataProtector(IDataProtectionProvider provider, IConfiguration configuration, ILogger<PersonalDataProtector> logger)
    {
        _protector = provider.CreateProtector(Purpose);
        KeyRings.WarnIfDefault(configuration, Section, "personal data (phone, ID number)", logger);
    }

    public string Protect(string plain) => _protector.Protect(plain);
    public string Unprotect(string stored) => _protector.Unprotect(stored);

    /// <summary>The column's converter: ciphertext in the database, the plain value in the entity.</summary>
    public ValueConverter<string, string> Converter() => new(plain => Protect(plain), stored => Unprotect(stored));

    /// <summary>
    /// For a context made without the service's container (design-time tools): the model is the same, but nothing
    /// may be read or written through it, so plain values can never reach the column by accident.
    /// </summary>
    public static ValueConverter<string, string> Unavailable() => new(value => NotConfigured(value), value => NotConfigured(value));

    private static string NotConfigured(string _) =>
        throw new InvalidOperationException("Personal data protection is not configured for this context (People:KeyRing).");
}

public static class PersonalDataProtection
{
    /// <summary>The key ring (<c>People:KeyRing</c>) and the protector the people context encrypts with.</summary>
    public static IHostApplicationBuilder AddPersonalDataProtection(this IHostApplicationBuilder builder)
    {
        builder.AddKeyRing(PersonalDataProtector.Section, "sqmy-people");
        builder.Services.AddSingleton<PersonalDataProtector>();
        return builder;
    }
}
