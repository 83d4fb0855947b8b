using Microsoft.Data.Sqlite;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Inventory.Os;

/// <summary>
/// Reads the packages of an rpm sqlite database (<c>rpmdb.sqlite</c>, rpm ≥ 4.16 lib/backend/sqlite.c: table
/// <c>Packages(hnum, blob)</c>, one header blob per package). SQLite needs a file, so the bytes are copied into
/// the caller's work directory, opened read-only and deleted again.
/// </summary>
public static class RpmDatabaseReader
{
    public static IReadOnlyList<OsPackage> ReadSqlite(byte[] database, string workDirectory, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(database);
        Directory.CreateDirectory(workDirectory);
        string copy = Path.Combine(workDirectory, $"rpmdb-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(database))[..16]}-{Environment.CurrentManagedThreadId}.sqlite");
        try
        {
            byte[] bytes = (byte[])database.Clone();

            // A WAL-mode database (header bytes 18/19 = 2) cannot be opened read-only without its -shm file;
            // the copy is ours, so mark it as a rollback-journal database (sqlite fileformat.html §1.3.3).
            if (bytes.Length >= 20 && bytes[18] == 2 && bytes[19] == 2)
            {
                bytes[18] = 1;
                bytes[19] = 1;
            }

            File.WriteAllBytes(copy, bytes);
            var builder = new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var connection = SqliteConnections.Create(builder.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT blob FROM Packages ORDER BY hnum";
            var packages = new List<OsPackage>();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                OsPackage package = RpmHeaderParser.Parse((byte[])reader.GetValue(0), sourceName);

                // gpg-pubkey "packages" are imported signing keys, not software.
                if (!string.Equals(package.Name, "gpg-pubkey", StringComparison.Ordinal))
                {
                    packages.Add(package);
                }
            }

            return packages;
        }
        catch (SqliteException ex)
        {
            throw new InvalidInputException(DiagnosticCode.OsPackageDatabaseInvalid, $"{sourceName}: not a readable rpm sqlite database: {ex.Message}", sourceName, ex);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
