using GuestAccess.Server.Sites;
using GuestAccess.Server.Web.Shell;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace GuestAccess.Server.Web.Admin;

/// <summary>What the administrator's edit pages share: the notice after a saved change (post, redirect, get) and refusals shown in the form.</summary>
public static class AdminNotice
{
    public const string Key = "ga.admin-notice";

    public static void Set(ITempDataDictionary tempData, string text) => tempData[Key] = text;

    public static string? Take(ITempDataDictionary tempData) => tempData[Key] as string;

    /// <summary>A refused change in the form: on its field when it names one the form has, else for the whole form.</summary>
    public static void Show(FormErrors errors, AdminRefusal refusal, WebText l, params string[] fields) =>
        errors.Add(refusal.Field is { } f && fields.Contains(f) ? f : string.Empty, refusal.Error.Title(l.English));
}
