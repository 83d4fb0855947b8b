namespace SupplyGate.Core.Policy;

/// <summary>
/// The documented exit code of each decision (docs/architecture.md, exit codes): the one map every host and
/// report uses, so the <see cref="Decision"/> enum's own values are free to change.
/// </summary>
public static class DecisionExitCodes
{
    public const int Pass = 0;
    public const int Deny = 1;
    public const int DataStale = 3;

    public static int Of(Decision decision) => decision switch
    {
        Decision.Pass => Pass,
        Decision.Deny => Deny,
        Decision.DataStale => DataStale,
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "a decision without an exit code"),
    };
}
