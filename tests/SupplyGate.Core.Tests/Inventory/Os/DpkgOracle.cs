using System.Diagnostics;

namespace SupplyGate.Core.Tests.Inventory.Os;

/// <summary>
/// dpkg itself as an independent oracle: `dpkg-query --admindir` for what a status file holds and
/// `dpkg --compare-versions` for version order. Both ship with every Debian system (and CI runs on one);
/// when they are missing the test fails, it never skips.
/// </summary>
internal static class DpkgOracle
{
    public sealed record Installed(string Package, string Version, string SourcePackage, string SourceVersion);

    public static IReadOnlyList<Installed> Query(string statusFile)
    {
        string admin = Directory.CreateTempSubdirectory("sg-admindir").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(admin, "info"));
            File.Copy(statusFile, Path.Combine(admin, "status"));
            string output = Run("dpkg-query", "-W", "-f", "${db:Status-Abbrev}\t${Package}\t${Version}\t${source:Package}\t${source:Version}\n", "--admindir", admin);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('\t'))
                .Where(f => f[0].Trim() == "ii")
                .Select(f => new Installed(f[1], f[2], f[3], f[4]))
                .ToArray();
        }
        finally
        {
            Directory.Delete(admin, recursive: true);
        }
    }

    public static bool LessThan(string a, string b)
    {
        using Process process = Start("dpkg", "--compare-versions", a, "lt", b);
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private static string Run(string file, params string[] args)
    {
        using Process process = Start(file, args);
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    private static Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            return Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{file} is required for this test (Debian's dpkg package): {ex.Message}", ex);
        }
    }
}
