using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// The harness that runs the CLI suite against an external binary (SUPPLYGATE_CLI, the Native AOT tool in
/// build/test.sh) must give the child what the in-process CLI gets: the test's variables, not the runner's, the
/// working directory, empty stdin, and output byte for byte.
/// </summary>
[Collection(CliCollection.Name)]
[Trait("Category", "integration")]
public sealed class CliProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-cli-process");

    [Fact]
    public void Child_gets_the_tests_variables_the_directory_and_empty_stdin_and_output_is_exact()
    {
        string script = _dir.Combine("fake-cli.sh");
        File.WriteAllText(script, """
            #!/bin/sh
            printf 'args=%s|%s\n' "$1" "$2"
            printf 'dir=%s\n' "$(pwd)"
            printf 'home=%s db=%s ci=%s given=%s\n' "${SUPPLYGATE_HOME-unset}" "${SUPPLYGATE_DB-unset}" "${CI-unset}" "${GIVEN-unset}"
            printf 'stdin=%s\n' "$(cat)"
            printf 'ünïcode\n' >&2
            printf 'no newline at the end'
            exit 3
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(0, ProcessRunner.Run("chmod", ["+x", script], _dir.Path).ExitCode);
        string work = Directory.CreateDirectory(_dir.Combine("work dir")).FullName;

        // CI is a variable the CLI reads; whatever the runner has must not reach the child.
        Environment.SetEnvironmentVariable("CI", "from-the-runner");
        try
        {
            (int exit, string output, string error) = CliProcess.Run(
                script,
                new Dictionary<string, string> { ["GIVEN"] = "yes", ["SUPPLYGATE_HOME"] = "/given/home" },
                work,
                ["sbom", "two words"]);

            Assert.Equal(3, exit);
            Assert.Equal(
                $"args=sbom|two words\ndir={work}\nhome=/given/home db=unset ci=unset given=yes\nstdin=\nno newline at the end",
                output);
            Assert.Equal("ünïcode\n", error);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CI", null);
        }
    }

    [Fact]
    public void A_wrong_SUPPLYGATE_CLI_fails_instead_of_falling_back_to_the_in_process_cli()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => BuiltCli.Resolve(_dir.Combine("missing")));

        Assert.Contains("SUPPLYGATE_CLI=", ex.Message, StringComparison.Ordinal);
        Assert.Null(BuiltCli.Resolve(""));
        Assert.Null(BuiltCli.Resolve(null));
    }

    public void Dispose() => _dir.Dispose();
}
