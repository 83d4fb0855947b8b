using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Advisories.DefaultData;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// The built-in sample kept as a read-only store file in a cache folder. Building the sample (parsing about 8 MB
/// of embedded JSON and writing it into SQLite) costs a few hundred milliseconds of CPU; every `dotnet publish`
/// runs the gate in a new process, so without a cache each publish paid it again. The file is a byte copy of the
/// in-memory store (<c>VACUUM INTO</c>), so lookups and <see cref="Info"/> are the same.
/// </summary>
public sealed partial class AdvisoryStore
{
    private const string SampleCachePrefix = "builtin-sample-";

    /// <summary>Cache files of other SupplyGate builds are removed when this much older than the last write.</summary>
    private static readonly TimeSpan SampleCacheRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// As <see cref="OpenDefault(TimeProvider)"/>, reading the sample from a store file in
    /// <paramref name="cacheDirectory"/> when an earlier call left one, and leaving one when not. The file name
    /// carries SupplyGate.Core's module version id, which deterministic compilation derives from the assembly's
    /// content (the embedded data and the code that imports it), so a file never outlives the data it copies. A
    /// cache that cannot be read is rebuilt; one that cannot be written is skipped: the answer is the same.
    /// </summary>
    public static AdvisoryStore OpenDefault(TimeProvider time, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        if (SampleCacheFileName() is not { } fileName)
        {
            return OpenDefault(time);
        }

        string path = Path.Combine(Path.GetFullPath(cacheDirectory), fileName);
        if (File.Exists(path))
        {
            try
            {
                return OpenFile(path, path, BuiltInSample.Location);
            }
            catch (Exception ex) when (ex is InvalidInputException or SqliteException or IOException or UnauthorizedAccessException)
            {
                // Damaged or half-replaced by hand: build the sample again and replace the file below.
            }
        }

        AdvisoryStore store = OpenDefault(time);
        store.TryCopyTo(path, time);
        return store;
    }

    /// <summary>
    /// <c>builtin-sample-&lt;MVID&gt;-v&lt;schema&gt;.db</c>; null when the runtime cannot say the module version id
    /// (then nothing is cached: a name that does not follow the data could outlive it).
    /// </summary>
    internal static string? SampleCacheFileName()
    {
        Guid mvid;
        try
        {
            mvid = typeof(BuiltInSample).Assembly.ManifestModule.ModuleVersionId;
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            return null;
        }

        return mvid == Guid.Empty
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{SampleCachePrefix}{mvid:N}-v{StoreSchema.Version}.db");
    }

    /// <summary>Opens <paramref name="fullPath"/> read-only; <paramref name="location"/> is what <see cref="Info"/> reports.</summary>
    private static AdvisoryStore OpenFile(string fullPath, string path, string location)
    {
        StoreFileChecks.CheckHeader(fullPath, path);
        var connection = SqliteConnections.Create(
            new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            StoreFileChecks.CheckSchemaVersion(connection, path);
            // Memory-mapped reads: lookups touch scattered pages, and mmap saves a read() and a copy per page.
            using (SqliteCommand mmap = connection.CreateCommand())
            {
                mmap.CommandText = "PRAGMA mmap_size = 268435456";
                mmap.ExecuteNonQuery();
            }

            return new AdvisoryStore(connection, location);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw StoreFileChecks.Damaged(path, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Writes this (in-memory) store to <paramref name="path"/> through a temporary file and a rename; best effort.</summary>
    private void TryCopyTo(string path, TimeProvider time)
    {
        string directory = Path.GetDirectoryName(path)!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            lock (_gate)
            {
                using SqliteCommand command = _connection.CreateCommand();
                command.CommandText = "VACUUM INTO $path";
                command.Parameters.AddWithValue("$path", temporary);
                command.ExecuteNonQuery();
            }

            File.Move(temporary, path, overwrite: true);
            RemoveOldSampleCaches(directory, path, time);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache folder costs time, not correctness: this store is already open in memory.
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do; the name is random and starts with a dot.
            }
        }
    }

    /// <summary>Other SupplyGate builds' sample files untouched for <see cref="SampleCacheRetention"/>: one per build would pile up.</summary>
    private static void RemoveOldSampleCaches(string directory, string keep, TimeProvider time)
    {
        DateTime before = time.GetUtcNow().UtcDateTime - SampleCacheRetention;
        foreach (string file in Directory.EnumerateFiles(directory, SampleCachePrefix + "*.db"))
        {
            if (!string.Equals(file, keep, StringComparison.Ordinal) && File.GetLastWriteTimeUtc(file) < before)
            {
                File.Delete(file);
            }
        }
    }
}
