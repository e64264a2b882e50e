using System.Text;

namespace SheqingMinyi.People.Domain;

/// <summary>
/// 拼音首字母 of a name ("张明" → "zm"), for search by initials. No pinyin library is served, so this uses the order of
/// GB2312: its 3,755 level-1 characters (the common ones, which cover nearly all names) are sorted by pinyin, so the
/// code range a character falls in gives its initial. Level-2 characters (rare, sorted by radical) and characters
/// outside GB2312 are kept as they are, so they never match a letter query; the few common surnames read
/// differently from their first reading (单 shàn, 解 xiè …) are corrected in first position. ASCII letters and digits
/// are kept lower-cased; anything else (spaces, ·) is dropped.
/// </summary>
public static class PinyinInitials
{
    public const int MaxLength = Person.NameMaxLength;

    /// <summary>The first GB2312 code of each initial (no i, u, v: no syllable starts with them), and the end of level 1.</summary>
    public static readonly IReadOnlyList<(int Code, char Letter)> Ranges =
    [
        (0xB0A1, 'a'), (0xB0C5, 'b'), (0xB2C1, 'c'), (0xB4EE, 'd'), (0xB6EA, 'e'), (0xB7A2, 'f'), (0xB8C1, 'g'),
        (0xB9FE, 'h'), (0xBBF7, 'j'), (0xBFA6, 'k'), (0xC0AC, 'l'), (0xC2E8, 'm'), (0xC4C3, 'n'), (0xC5B6, 'o'),
        (0xC5BE, 'p'), (0xC6DA, 'q'), (0xC8BB, 'r'), (0xC8F6, 's'), (0xCBFA, 't'), (0xCDDA, 'w'), (0xCEF4, 'x'),
        (0xD1B9, 'y'), (0xD4D1, 'z'),
    ];

    public const int LevelOneEnd = 0xD7F9;

    /// <summary>Surnames whose reading as a surname differs from the one GB2312 files them under.</summary>
    public static readonly IReadOnlyDictionary<char, char> Surnames = new Dictionary<char, char>
    {
        ['单'] = 's', ['解'] = 'x', ['仇'] = 'q', ['朴'] = 'p', ['查'] = 'z', ['区'] = 'o', ['曾'] = 'z', ['缪'] = 'm', ['覃'] = 'q',
    };

    private static readonly Encoding Gb2312 = CreateEncoding();

    private static Encoding CreateEncoding()
    {
        // Code pages other than UTF/ASCII/Latin-1 come from the provider (in the shared framework), registered once.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    public static string Of(string name)
    {
        var initials = new StringBuilder(name.Length);
        var first = true;
        foreach (var ch in name.Trim())
        {
            if (Initial(ch, first) is { } letter)
            {
                initials.Append(letter);
                first = false;
            }
        }
        return initials.Length > MaxLength ? initials.ToString(0, MaxLength) : initials.ToString();
    }

    private static char? Initial(char ch, bool first)
    {
        if (char.IsAsciiLetterOrDigit(ch)) return char.ToLowerInvariant(ch);
        if (!IsHan(ch)) return null;
        if (first && Surnames.TryGetValue(ch, out var surname)) return surname;
        return Code(ch) is var code && IsLevelOne(code) ? Ranges.Last(r => r.Code <= code).Letter : ch;
    }

    /// <summary>Level 1 is rows B0–D7, cells A1–FE; GBK's own additions share the rows with cells below A1.</summary>
    public static bool IsLevelOne(int code) => code is >= 0xB0A1 and <= LevelOneEnd && (code & 0xFF) >= 0xA1;

    /// <summary>CJK Unified Ideographs (the block every name character of GB2312 level 1 is in).</summary>
    public static bool IsHan(char ch) => ch is >= '\u4E00' and <= '\u9FFF';

    private static int Code(char ch)
    {
        Span<byte> bytes = stackalloc byte[4];
        try
        {
            return Gb2312.GetBytes([ch], bytes) == 2 ? bytes[0] << 8 | bytes[1] : -1;
        }
        catch (EncoderFallbackException)
        {
            return -1; // not in GBK at all
        }
    }
}
