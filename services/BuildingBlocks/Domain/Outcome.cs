namespace SheqingMinyi.BuildingBlocks.Domain;

/// <summary>Why the domain refused an action: a stable code, a Chinese title for people, a detail for developers.</summary>
public sealed record DomainError(string Code, string Title, string Detail);

/// <summary>What a domain method returns: done, or refused with a <see cref="DomainError"/> (never an exception for a rule).</summary>
public readonly record struct Outcome(DomainError? Error)
{
    public static Outcome Done => default;
    public bool Succeeded => Error is null;
    public static implicit operator Outcome(DomainError error) => new(error);
}

/// <summary>Done with a value, or refused.</summary>
public readonly record struct Outcome<T>(T? Value, DomainError? Error) where T : class
{
    public bool Succeeded => Error is null;
    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(DomainError error) => new(null, error);
}
