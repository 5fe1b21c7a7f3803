using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Turtle.Twin.Alerts;

/// <summary>
/// Reads an alert rules file: a mapping with one key, <c>rules</c>, a list of rules (docs/alerts.md). Unknown keys
/// are errors (a misspelt <c>treshold</c> must not silently leave a rule without its threshold).
/// </summary>
public static class AlertRulesYaml
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>The rules of <paramref name="text"/> with where each was written, or null with the reasons in <paramref name="errors"/>.</summary>
    public static IReadOnlyList<(AlertRuleDefinition Rule, string Where)>? Parse(string text, string source, ICollection<string> errors)
    {
        RulesFile? file;
        try
        {
            file = Reader.Deserialize<RulesFile?>(text);
        }
        catch (YamlException exception)
        {
            var reason = exception.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) ? inner.Message : exception.Message;
            errors.Add($"Alert rules file {source}, line {exception.Start.Line}, column {exception.Start.Column}: {reason}");
            return null;
        }

        if (file?.Rules is null)
        {
            errors.Add($"Alert rules file {source}: no 'rules:' list (an empty list, 'rules: []', turns alerting off).");
            return null;
        }

        var rules = new List<(AlertRuleDefinition, string)>(file.Rules.Count);
        for (var i = 0; i < file.Rules.Count; i++)
        {
            if (file.Rules[i] is not { } rule)
            {
                errors.Add($"Alert rules file {source}: rules[{i}] is empty.");
                continue;
            }

            rules.Add((rule, $"rules[{i}] in {source}"));
        }

        return rules.Count == file.Rules.Count ? rules : null;
    }

    private sealed class RulesFile
    {
        public List<AlertRuleDefinition?>? Rules { get; set; }
    }
}
