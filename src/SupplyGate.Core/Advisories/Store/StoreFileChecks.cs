using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>The checks <see cref="AdvisoryStore.Open"/> makes before trusting a file, and the SG1011 it reports.</summary>
internal static class StoreFileChecks
{
    internal static void CheckSchemaVersion(SqliteConnection connection, string path)
    {
        bool hasMeta;
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'";
            hasMeta = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
        }

        string? version = hasMeta ? StoreSchema.GetMeta(connection, StoreSchema.MetaSchemaVersion) : null;
        if (version != StoreSchema.Version.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidInputException(
                DiagnosticCode.StoreInvalid,
                version is null
                    ? $"{path}: not a SupplyGate advisory store (no schema version); {AdvisoryStore.ImportHint} into a new file."
                    : $"{path}: advisory store schema version {version}, expected {StoreSchema.Version}: re-import (run `supplygate db import <path|url>` into a new file, or omit --db to use the built-in sample).",
                path);
        }
    }

    /// <summary>
    /// A truncated file often opens fine and fails only on the missing pages; the header's page count and
    /// size say how long the file must be (sqlite.org/fileformat.html §1.3), so check that up front.
    /// </summary>
    internal static void CheckHeader(string fullPath, string path)
    {
        // A FIFO would block the open, a link loop would throw an untyped IOException: say what it is instead.
        IO.PathKind kind = IO.InputFile.Probe(fullPath);
        if (kind is not (IO.PathKind.RegularFile or IO.PathKind.Missing))
        {
            throw IO.InputFile.NotRegular(path, kind);
        }

        Span<byte> header = stackalloc byte[100];
        long length;
        using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            length = stream.Length;
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
                || !header[..16].SequenceEqual("SQLite format 3\0"u8))
            {
                throw Damaged(path, null, "it is not an SQLite database (truncated or overwritten)");
            }
        }

        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        long pageSizeBytes = pageSize == 1 ? 65536 : pageSize;
        long pages = BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        if (pages > 0 && length < pages * pageSizeBytes)
        {
            throw Damaged(path, null, $"it is truncated ({length} bytes, the header says {pages * pageSizeBytes})");
        }
    }

    internal static InvalidInputException Damaged(string path, Exception? inner, string? why = null) =>
        new(DiagnosticCode.StoreInvalid,
            $"{path}: the advisory store is damaged: {why ?? inner?.Message}; re-create it with `supplygate db import`.",
            path,
            inner);
}
