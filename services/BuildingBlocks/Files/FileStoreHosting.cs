using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SheqingMinyi.BuildingBlocks.Files;

public static class FileStoreHosting
{
    /// <summary>The store's options (section <c>Files</c>, see <see cref="FileStoreOptions"/>) and its disk.</summary>
    public static IHostApplicationBuilder AddFileStore(this IHostApplicationBuilder builder)
    {
        var defaultRoot = Path.Combine(Path.GetTempPath(), "sqmy-files", builder.Environment.ApplicationName);
        builder.Services.AddOptions<FileStoreOptions>()
            .Bind(builder.Configuration.GetSection(FileStoreOptions.Section))
            .PostConfigure(o => o.RootDirectory = string.IsNullOrWhiteSpace(o.RootDirectory) ? defaultRoot : o.RootDirectory)
            .Validate(o => o.MaxBytes > 0, "Files:MaxBytes must be positive.");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<DiskFileStore>();
        return builder;
    }

    /// <summary>The stored_files table (the context makes it tenant-owned: row security and the tenant filter).</summary>
    public static void Configure(EntityTypeBuilder<StoredFile> e)
    {
        e.ToTable("stored_files");
        e.HasKey(f => f.Id);
        e.Property(f => f.FileName).HasMaxLength(StoredFile.FileNameMaxLength);
        e.Property(f => f.ContentType).HasMaxLength(64);
        e.Property(f => f.Sha256).HasMaxLength(64);
        e.Property(f => f.StorageKey).HasMaxLength(200);
        e.Property(f => f.UploadedBy).HasMaxLength(200);
        e.HasIndex(f => new { f.TenantId, f.UploadedAt });
    }
}
