using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// Imports batches into a store file atomically (DESIGN.md decision 4): copy the current store to a temporary
/// file next to it, write there, and rename it over the target only when everything succeeded. Readers see
/// the old store or the new one, never a half-written file; on failure the old file is untouched.
/// </summary>
public static class AdvisoryStoreWriter
{
    public static StoreImportResult Import(
        string storePath, IEnumerable<ImportBatch> batches, TimeProvider time, CancellationToken cancellationToken)
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
            bool existing = File.Exists(fullPath);
            if (existing)
            {
                // Refuse to build on a damaged store (SG1011) rather than carry its damage forward.
                AdvisoryStore.Open(fullPath).Dispose();
                File.Copy(fullPath, temporary);
            }

            int written;
            IReadOnlyList<Warning> warnings;
            using (var connection = new SqliteConnection(
                new SqliteConnectionStringBuilder { DataSource = temporary, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
            {
                connection.Open();
                // No journal: the temporary file is thrown away on failure, so rollback safety is not needed.
                Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
                if (!existing)
                {
                    StoreSchema.CreateIn(connection);
                }

                DateTimeOffset now = time.GetUtcNow();
                (written, warnings) = WriteBatches(connection, batches, now, now, null, cancellationToken);
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

    /// <summary>Writes batches into an open connection in one transaction; also used for the in-memory sample store.</summary>
    internal static (int Written, IReadOnlyList<Warning> Warnings) WriteBatches(
        SqliteConnection connection,
        IEnumerable<ImportBatch> batches,
        DateTimeOffset updatedAt,
        DateTimeOffset builtAt,
        string? sampleLabel,
        CancellationToken cancellationToken)
    {
        using var writer = new StoreBatchWriter(connection);
        foreach (ImportBatch batch in batches)
        {
            writer.Write(batch, updatedAt, cancellationToken);
        }

        writer.Commit(builtAt, sampleLabel);
        return (writer.RecordsWritten, writer.Warnings.ToArray());
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
