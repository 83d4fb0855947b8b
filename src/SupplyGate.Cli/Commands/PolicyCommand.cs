using System.CommandLine;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Policy.Vex;

namespace SupplyGate.Cli.Commands;

/// <summary><c>supplygate policy lint|show</c>: check a policy file, print the effective policy (docs/policy.md).</summary>
internal static class PolicyCommand
{
    public static Command Create(CliContext context)
    {
        var lintFile = new Argument<string>("file") { Description = "The policy YAML file to check." };
        var lint = new Command("lint", "Check a policy file: YAML syntax, keys, types, actions, dates, required reasons, and the VEX documents it names. Prints 'ok' or file:line:column errors (exit 2).\n\nExample:\n  supplygate policy lint supplygate-policy.yaml")
        {
            lintFile,
        };
        lint.SetAction((parseResult, _) => Task.FromResult((int)context.Run(() => Lint(context, context.ResolvePath(parseResult.GetValue(lintFile))!))));

        var showPolicy = new Argument<string>("policy")
        {
            Description = "'default', 'strict' or a policy file.",
            DefaultValueFactory = _ => "default",
        };
        var show = new Command("show", "Print the effective policy: every key, with omitted ones filled in.\n\nExample:\n  supplygate policy show strict")
        {
            showPolicy,
        };
        show.SetAction((parseResult, _) => Task.FromResult((int)context.Run(() => Show(context, context.ResolvePolicy(parseResult.GetValue(showPolicy)!)))));

        return new Command("policy", "Work with SupplyGate policy documents (apiVersion supplygate.dev/v1alpha1, kind Policy).")
        {
            lint,
            show,
        };
    }

    private static ExitCode Lint(CliContext context, string file)
    {
        PolicyDocument policy = PolicyDocument.Load(file);
        foreach (string vex in policy.Vex)
        {
            _ = VexParser.Load(policy.ResolvePath(vex));
        }

        // Lint uses the same clock as the gate, so a suppression that expired is flagged before the build trips on it.
        DateOnly today = DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
        foreach (Suppression expired in policy.Suppressions.Where(s => s.IsExpiredOn(today)))
        {
            context.Console.Warn(new Warning(
                DiagnosticCode.SuppressionExpired,
                $"{file}:{expired.Line}: suppression of {expired} expired on {expired.Expires:yyyy-MM-dd} and no longer applies"));
        }

        context.Console.Output.WriteLine("ok");
        return ExitCode.Passed;
    }

    private static ExitCode Show(CliContext context, string policy)
    {
        context.Console.Output.Write(PolicyYamlWriter.Write(PolicyDocument.LoadPresetOrFile(policy)));
        return ExitCode.Passed;
    }
}
