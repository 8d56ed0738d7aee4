namespace GuestAccess.Server.Infrastructure.Validation;

/// <summary>A request that can say what is wrong with it, field by field.</summary>
public interface IValidatable
{
    /// <summary>Field name → messages; empty when valid.</summary>
    IDictionary<string, string[]> Validate();
}

/// <summary>Collects validation messages per field.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public ValidationErrors When(bool condition, string field, string message) => condition ? Add(field, message) : this;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
