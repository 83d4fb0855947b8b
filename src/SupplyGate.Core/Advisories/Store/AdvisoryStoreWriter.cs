using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Advisories.Importers;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// Imports batches into a store file atomically (docs/architecture.md decision 4): a new store is written to a temporary
/// file next to the target and renamed over it only when everything succeeded. Readers see the old store or
/// the new one, never a half-written file; on failure the old file is untouched. The new file holds this
/// import's records plus the old store's records it did not replace, so the file never keeps dead records.
/// </summary>
public static class AdvisoryStoreWriter
{
    public static StoreImportResult Import(
        string storePath, IEnumerable<ImportBatch> batches, TimeProvider time, CancellationToken cancellationToken)
        => Import(storePath, batches, time, null, cancellationToken);

    /// <summary>
    /// As above, also setting <paramref name="meta"/> entries in the new store's metadata (an update's
    /// per-source state), so the data and what was remembered about its sources change in the same rename.
    /// </summary>
    public static StoreImportResult Import(
        string storePath, IEnumerable<ImportBatch> batches, TimeProvider time, IReadOnlyDictionary<string, string>? meta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(time);
        string fullPath = Path.GetFullPath(storePath);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new InvalidInputException(DiagnosticCode.StoreInvalid, $"{storePath}: not a file path.", storePath);
        string temporary = Path.Combine(
            directory, $".{Path.GetFileName(fullPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            int written;
            IReadOnlyList<Warning> warnings;
            // Refuses a damaged store or one of another schema version (SG1011) rather than carry it forward.
            using (AdvisoryStore? previous = File.Exists(fullPath) ? AdvisoryStore.Open(fullPath) : null)
            using (var connection = SqliteConnections.Create(
                new SqliteConnectionStringBuilder { DataSource = temporary, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
            {
                connection.Open();
                // No journal and no fsync per commit: the temporary file is thrown away on failure and flushed
                // once before the rename, so rollback safety is not needed. 4 KB pages (the default) on purpose:
                // chunk blobs spill into overflow pages that fill completely, where larger pages fit one blob each.
                Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 2048; PRAGMA cache_size = -65536;");
                StoreSchema.CreateIn(connection);
                DateTimeOffset now = time.GetUtcNow();
                (written, warnings) = WriteBatches(connection, batches, now, now, null, cancellationToken, previous);
                CarryMeta(connection, previous, meta);
                Execute(connection, "PRAGMA optimize;");
            }

            FlushToDisk(temporary);
            File.Move(temporary, fullPath, overwrite: true);
            using AdvisoryStore store = AdvisoryStore.Open(fullPath);
            return new StoreImportResult(store.Info, written, warnings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            TryDelete(temporary);
            throw new InvalidInputException(
                DiagnosticCode.StoreInvalid, $"{storePath}: cannot write the advisory store: {ex.Message}", storePath, ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Writes batches into a new store's open connection in one transaction, keeping whatever of
    /// <paramref name="previous"/> they do not replace; also used for the in-memory sample store.
    /// </summary>
    internal static (int Written, IReadOnlyList<Warning> Warnings) WriteBatches(
        SqliteConnection connection,
        IEnumerable<ImportBatch> batches,
        DateTimeOffset updatedAt,
        DateTimeOffset builtAt,
        string? sampleLabel,
        CancellationToken cancellationToken,
        AdvisoryStore? previous = null)
    {
        using var writer = new StoreBatchWriter(connection);
        if (previous is not null)
        {
            foreach (StoreSourceRow row in previous.ReadSourceRows())
            {
                writer.KeepSource(row);
            }

            foreach (RuntimeChannel channel in previous.ReadRuntimeChannels())
            {
                writer.KeepChannel(channel);
            }
        }

        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (ImportBatch batch in batches)
        {
            writer.Write(batch, updatedAt, cancellationToken);
            if (batch.ReplacesSource)
            {
                replaced.Add(batch.SourceName);
            }
        }

        if (previous is not null)
        {
            foreach ((string origin, Advisory advisory) in previous.ReadAllRecords())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (replaced.Contains(origin))
                {
                    continue;
                }

                writer.Keep(origin, advisory);
            }
        }

        writer.Commit(builtAt, sampleLabel);
        return (writer.RecordsWritten, writer.Warnings.ToArray());
    }

    /// <summary>Per-source state (<see cref="StoreSchema.SourceStatePrefix"/> keys) survives imports; <paramref name="meta"/> overrides it.</summary>
    private static void CarryMeta(SqliteConnection connection, AdvisoryStore? previous, IReadOnlyDictionary<string, string>? meta)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in previous?.ReadMeta(StoreSchema.SourceStatePrefix) ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        foreach ((string key, string value) in meta ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        foreach ((string key, string value) in values)
        {
            StoreSchema.SetMeta(connection, key, value);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original failure is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
