using System.Text.RegularExpressions;

namespace SheqingMinyi.People.Domain;

/// <summary>
/// 个人信息: the rules for a person's phone and ID number and how they are masked. Masked is the default everywhere
/// (lists, GET of a person); the full values are read only through the audited personal-data endpoint.
/// </summary>
public static partial class PersonalData
{
    public const string Phone = "phone", IdNumber = "idNumber";

    /// <summary>A mainland mobile number: 11 digits starting 13–19 (no +86, no spaces).</summary>
    public static bool IsMobilePhone(string? value) => value is not null && MobilePattern().IsMatch(value);

    /// <summary>
    /// A resident ID number (GB 11643-1999): 17 digits, a valid birth date at 7–14, and the check digit (or X) the
    /// ISO 7064 MOD 11-2 weights give. 15-digit first-generation numbers are refused: they expired in 2013.
    /// </summary>
    public static bool IsIdNumber(string? value)
    {
        if (value is not { Length: 18 } || !IdPattern().IsMatch(value)) return false;
        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", out _)) return false;
        return char.ToUpperInvariant(value[17]) == IdCheckDigit(value.AsSpan(0, 17));
    }

    /// <summary>The check digit of the first 17 digits: Σ digit × 2^(17−i) mod 11, mapped through "10X98765432".</summary>
    public static char IdCheckDigit(ReadOnlySpan<char> first17)
    {
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * weights[i];
        return "10X98765432"[sum % 11];
    }

    /// <summary>138****1234: the first 3 and last 4 characters kept; shorter values (not a mobile) are all stars.</summary>
    public static string? MaskPhone(string? phone) => Mask(phone, 3, 4);

    /// <summary>5001**********123X: the first 4 (province and city) and the last 4 kept; the birth date never shows.</summary>
    public static string? MaskIdNumber(string? idNumber) => Mask(idNumber, 4, 4);

    private static string? Mask(string? value, int head, int tail) => value switch
    {
        null => null,
        _ when value.Length <= head + tail => new string('*', value.Length),
        _ => string.Concat(value.AsSpan(0, head), new string('*', value.Length - head - tail), value.AsSpan(value.Length - tail)),
    };

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex("^[0-9]{17}[0-9Xx]$")]
    private static partial Regex IdPattern();
}
