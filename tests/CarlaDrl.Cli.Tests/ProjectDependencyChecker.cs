using System.Xml.Linq;

namespace CarlaDrl.Cli.Tests;

/// <summary>Reads one project file and lists every reference that breaks its <see cref="DependencyRule"/>.</summary>
internal static class ProjectDependencyChecker
{
    /// <summary>
    /// The violations of <paramref name="projectXml"/> (the project file of <paramref name="project"/>, a
    /// <c>src</c> project) against <paramref name="rules"/>, one readable line each; empty when it keeps them.
    /// </summary>
    public static IReadOnlyList<string> Check(string project, string projectXml, IReadOnlyList<DependencyRule> rules)
    {
        var rule = rules.SingleOrDefault(r => r.Project == project);
        if (rule is null)
        {
            return [$"{project} has no row in the dependency table; add one here and in DESIGN.md §2."];
        }

        var document = XDocument.Parse(projectXml);
        var violations = new List<string>();
        foreach (string include in Items(document, "ProjectReference"))
        {
            string referenced = Path.GetFileNameWithoutExtension(include.Replace('\\', '/'));
            if (IsTestProject(include))
            {
                violations.Add($"{project} references the test project {referenced}; src projects never reference tests.");
            }
            else if (!rule.Allows(referenced))
            {
                violations.Add($"{project} references {referenced}; DESIGN.md §2 allows {(rule.MayReference.Count == 0 ? "no project" : string.Join(", ", rule.MayReference))}.");
            }
        }

        foreach (string package in Items(document, "PackageReference"))
        {
            if (rule.Forbids(package))
            {
                violations.Add(rule.ForbiddenPackages.Contains(DependencyRule.Any)
                    ? $"{project} references the package {package}; DESIGN.md §2 allows it the BCL only."
                    : $"{project} references the package {package}; DESIGN.md §2 keeps {string.Join(", ", rule.ForbiddenPackages)} out of it.");
            }
        }

        return violations;
    }

    /// <summary>The Include (or Update) of every item named <paramref name="itemName"/>, in any MSBuild namespace.</summary>
    public static IEnumerable<string> Items(XDocument document, string itemName) =>
        document.Descendants()
            .Where(e => e.Name.LocalName == itemName)
            .Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update"))
            .OfType<string>();

    private static bool IsTestProject(string include)
    {
        string path = include.Replace('\\', '/');
        string name = Path.GetFileNameWithoutExtension(path);
        return path.Split('/').Contains("tests") || name.EndsWith(".Tests", StringComparison.Ordinal) || name == "CarlaDrl.TestKit";
    }
}
