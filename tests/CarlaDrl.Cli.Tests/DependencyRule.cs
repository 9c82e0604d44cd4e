namespace CarlaDrl.Cli.Tests;

/// <summary>
/// One row of the table in DESIGN.md §2: the <c>src</c> projects <paramref name="Project"/> may reference
/// directly, and the NuGet packages it must not use (matched by name prefix).
/// </summary>
internal sealed record DependencyRule(string Project, IReadOnlyList<string> MayReference, IReadOnlyList<string> ForbiddenPackages)
{
    /// <summary>In <see cref="MayReference"/>: any src project. In <see cref="ForbiddenPackages"/>: every package.</summary>
    public const string Any = "*";

    public bool Allows(string referencedProject) =>
        MayReference.Contains(Any) || MayReference.Contains(referencedProject);

    public bool Forbids(string package) =>
        ForbiddenPackages.Any(p => p == Any || package.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
