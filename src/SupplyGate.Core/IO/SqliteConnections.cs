using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.IO;

/// <summary>
/// Every SQLite connection SupplyGate opens starts here, so a missing or unloadable native SQLite library
/// (an incomplete install, or a platform the bundled <c>e_sqlite3</c> builds do not cover) is reported as
/// what it is. Without this, the first connection throws a <see cref="TypeInitializationException"/>
/// that surfaced as "a bug in SupplyGate".
/// </summary>
internal static class SqliteConnections
{
    public static SqliteConnection Create(string connectionString)
    {
        try
        {
            return new SqliteConnection(connectionString);
        }
        catch (TypeInitializationException ex) when (NativeLoadFailure(ex) is { } cause)
        {
            throw new SupplyGateException(
                DiagnosticCode.SqliteUnavailable,
                $"the native SQLite library (e_sqlite3) could not be loaded for {RuntimeInformation.RuntimeIdentifier}: {FirstSentence(cause.Message)}. " +
                $"SupplyGate keeps its advisory store in SQLite, so it cannot run here. Reinstall SupplyGate, or check that " +
                $"runtimes/{RuntimeInformation.RuntimeIdentifier}/native/ next to SupplyGate.Core.dll holds libe_sqlite3.",
                inner: ex);
        }
    }

    // The loader's message goes on with generic strace/LD_DEBUG advice; its first sentence is the reason.
    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim().TrimEnd('.');
    }

    private static Exception? NativeLoadFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                return e;
            }
        }

        return null;
    }
}
