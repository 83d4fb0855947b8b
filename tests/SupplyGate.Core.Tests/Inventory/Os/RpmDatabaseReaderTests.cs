using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Os;
using SupplyGate.Core.Tests.Inventory.Oci;

namespace SupplyGate.Core.Tests.Inventory.Os;

[Trait("Category", "unit")]
public sealed class RpmDatabaseReaderTests
{
    [Fact]
    public void Packages_come_from_the_header_blobs_with_epoch_and_source_rpm()
    {
        using var work = new ScratchDirectory("sg-rpm");
        byte[] database = RpmFixture.Sqlite(
            work,
            RpmFixture.Header(("openssl-libs", "3.0.7", "24.el9", 1, "x86_64", "openssl-3.0.7-24.el9.src.rpm")),
            RpmFixture.Header(("bash", "5.1.8", "6.el9_1", null, "x86_64", "bash-5.1.8-6.el9_1.src.rpm")),
            RpmFixture.Header(("gpg-pubkey", "fd431d51", "4ae0493b", null, null, null)));

        IReadOnlyList<OsPackage> packages = RpmDatabaseReader.ReadSqlite(database, work.Combine("work"), "/var/lib/rpm/rpmdb.sqlite");

        Assert.Equal(2, packages.Count);
        OsPackage openssl = packages[0];
        Assert.Equal(("openssl-libs", "3.0.7-24.el9", "x86_64", "openssl", "3.0.7-24.el9", "1"), (openssl.Name, openssl.Version, openssl.Architecture, openssl.SourceName, openssl.SourceVersion, openssl.Epoch));
        Assert.Equal("pkg:rpm/rhel/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rhel-9.4&epoch=1", openssl.ToComponent("rpm", "rhel", "rhel-9.4").Purl);
        Assert.Null(packages[1].Epoch);
        Assert.Empty(Directory.GetFileSystemEntries(work.Combine("work")));
    }

    [Fact]
    public void A_malformed_header_is_SG1016()
    {
        using var work = new ScratchDirectory("sg-rpm");
        byte[] database = RpmFixture.Sqlite(work, [0, 0, 0, 9, 0, 0, 0, 1]);

        var ex = Assert.Throws<InvalidInputException>(() => RpmDatabaseReader.ReadSqlite(database, work.Combine("work"), "rpmdb.sqlite"));

        Assert.Equal(DiagnosticCode.OsPackageDatabaseInvalid, ex.Code);
        Assert.Contains("malformed rpm header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_sqlite_are_SG1016()
    {
        using var work = new ScratchDirectory("sg-rpm");
        var ex = Assert.Throws<InvalidInputException>(() => RpmDatabaseReader.ReadSqlite(Encoding.UTF8.GetBytes(new string('x', 4096)), work.Combine("work"), "rpmdb.sqlite"));
        Assert.Equal(DiagnosticCode.OsPackageDatabaseInvalid, ex.Code);
    }
}

/// <summary>
/// Writes rpmdb.sqlite the way rpm 4.16+ does (lib/backend/sqlite.c: <c>Packages(hnum INTEGER PRIMARY KEY
/// AUTOINCREMENT, blob BLOB NOT NULL)</c>) with header blobs in rpm's header layout (lib/header.c).
/// </summary>
[Trait("Category", "unit")]
internal static class RpmFixture
{
    public static byte[] Header((string Name, string Version, string Release, int? Epoch, string? Arch, string? SourceRpm) p)
    {
        var entries = new List<(int Tag, int Type, int Offset)>();
        var data = new MemoryStream();
        void AddString(int tag, string? value)
        {
            if (value is null)
            {
                return;
            }

            entries.Add((tag, 6, (int)data.Length));
            data.Write(Encoding.UTF8.GetBytes(value + "\0"));
        }

        AddString(1000, p.Name);
        AddString(1001, p.Version);
        AddString(1002, p.Release);
        AddString(1022, p.Arch);
        AddString(1044, p.SourceRpm);
        if (p.Epoch is { } epoch)
        {
            while (data.Length % 4 != 0)
            {
                data.WriteByte(0);
            }

            entries.Add((1003, 4, (int)data.Length));
            byte[] value = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(value, epoch);
            data.Write(value);
        }

        var blob = new MemoryStream();
        byte[] word = new byte[4];
        void Int(int value)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, value);
            blob.Write(word);
        }

        Int(entries.Count);
        Int((int)data.Length);
        foreach ((int tag, int type, int offset) in entries)
        {
            Int(tag);
            Int(type);
            Int(offset);
            Int(1);
        }

        blob.Write(data.ToArray());
        return blob.ToArray();
    }

    public static byte[] Sqlite(ScratchDirectory scratch, params byte[][] headers)
    {
        string path = scratch.Combine($"fixture-{headers.Length}.sqlite");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);";
            create.ExecuteNonQuery();
            foreach (byte[] header in headers)
            {
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO Packages (blob) VALUES ($blob)";
                insert.Parameters.AddWithValue("$blob", header);
                insert.ExecuteNonQuery();
            }
        }

        byte[] bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }
}
