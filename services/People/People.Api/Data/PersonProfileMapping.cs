using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

/// <summary>
/// The person's profile and search columns: phone and ID number encrypted (<see cref="PersonalDataProtector"/>), the
/// name's pinyin initials, and the indexes the person search filters on. The trigram index on the name needs raw SQL
/// (<see cref="Sql.ProfileSql"/>).
/// </summary>
public sealed class PersonProfileMapping(PersonalDataProtector? protector) : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        var converter = protector?.Converter() ?? PersonalDataProtector.Unavailable();
        e.Property(p => p.Phone).HasConversion(converter);
        e.Property(p => p.IdNumber).HasConversion(converter);

        e.Property(p => p.NameInitials).HasMaxLength(PinyinInitials.MaxLength).HasDefaultValue("")
            .UsePropertyAccessMode(PropertyAccessMode.Property);
        // Prefix search (LIKE 'zm%') in any collation.
        e.HasIndex(p => new { p.TenantId, p.NameInitials }).HasOperators(null, "text_pattern_ops");
        // Array containment (@>) for kind and tag filters.
        e.HasIndex(p => p.ExpertiseTags).HasMethod("gin");
        e.HasIndex(p => p.Kinds).HasMethod("gin");
        e.HasIndex(p => new { p.TenantId, p.CreatedAt });
    }
}
