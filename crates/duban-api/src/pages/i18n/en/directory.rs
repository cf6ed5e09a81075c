//! The units and accounts pages (单位, 账号): lists, forms and their messages.

pub(super) const EN: &[(&str, &str)] = &[
    // Shared by both lists and forms.
    ("代码", "Code"),
    ("名称", "Name"),
    ("类别", "Type"),
    ("上级", "Parent"),
    ("修改", "Edit"),
    ("在用", "in use"),
    ("停用", "disabled"),
    ("保存修改", "Save changes"),
    ("未能保存:", "Not saved: "),
    ("重新打开此页", "Reopen this page"),
    (
        "(放弃未保存的修改,读取最新数据)",
        " (drops unsaved changes and reads the latest data)",
    ),
    // Units.
    ("新增单位", "Add a unit"),
    ("修改单位", "Edit unit"),
    ("修改单位:", "Edit unit: "),
    ("单位代码", "Unit code"),
    (
        "1至40位字母、数字、_ 或 -,如 lanshan。",
        "1 to 40 letters, digits, _ or -, e.g. lanshan.",
    ),
    ("单位名称", "Unit name"),
    ("上级单位", "Parent unit"),
    ("(无上级)", "(no parent)"),
    ("排序", "Order"),
    (
        "同一上级下的显示顺序,如各县区的排列次序。",
        "The order among units of the same parent, e.g. the order the counties are listed in.",
    ),
    ("共 {n} 个单位。", "{n} units."),
    ("单位已新增。", "The unit was added."),
    ("单位已保存。", "The unit was saved."),
    (
        "单位由督查室维护。",
        "Units are kept by the supervision office.",
    ),
    ("单位不存在", "No such unit"),
    ("没有这个单位。", "There is no such unit."),
    // The kinds of unit.
    ("市", "city"),
    ("市直部门", "city department"),
    ("督查室", "supervision office"),
    ("第三方机构", "third party"),
    // Accounts.
    ("共 {n} 个账号。", "{n} accounts."),
    (
        "重设密码也可使用命令 duban user passwd。",
        "Passwords can also be reset with the command duban user passwd.",
    ),
    ("(演示)", " (demo)"),
    ("新增账号", "Add an account"),
    (
        "3至32位字母、数字或 . _ -,登录时使用。",
        "3 to 32 letters, digits or . _ -, used to sign in.",
    ),
    ("所属单位", "Unit"),
    ("(不属于单位)", "(no unit)"),
    (
        "填报员、审核员和第三方评估须指定单位;管理员不属于任何单位。",
        "Reporters, reviewers and evaluators need a unit; administrators belong to none.",
    ),
    ("初始密码", "Initial password"),
    (
        "至少12位。出于安全考虑,表单退回时不保留已输入的密码。",
        "At least 12 characters. For safety, a refused form does not keep the password typed.",
    ),
    ("修改账号", "Edit account"),
    ("修改账号:", "Edit account: "),
    ("演示账号", "demo account"),
    ("启用", "Enabled"),
    (
        "停用后该账号立即退出登录,且不能再登录。",
        "Disabling signs the account out at once and it can no longer sign in.",
    ),
    (
        "催办消息同时发送到此邮箱;留空则不发邮件。",
        "Reminders are also sent to this address; leave it empty for no e-mail.",
    ),
    (
        "选填,11位数字,以1开头。加密保存,仅系统管理员和本人可见。",
        "Optional: 11 digits starting with 1. Stored encrypted; only the system administrator and the person see it.",
    ),
    (
        "选填,18位,末位可为X。加密保存,仅系统管理员和本人可见。",
        "Optional: 18 characters, the last may be X. Stored encrypted; only the system administrator and the person see it.",
    ),
    (
        "11位数字,以1开头;留空则删除。加密保存,仅系统管理员和本人可见。",
        "11 digits starting with 1; empty removes it. Stored encrypted; only the system administrator and the person see it.",
    ),
    (
        "18位,末位可为X;留空则删除。加密保存,仅系统管理员和本人可见。",
        "18 characters, the last may be X; empty removes it. Stored encrypted; only the system administrator and the person see it.",
    ),
    ("新密码", "New password"),
    (
        "留空则不改密码;设置新密码后,该账号的所有登录立即失效。至少12位。",
        "Leave empty to keep the password; a new one ends every session of the account at once. At least 12 characters.",
    ),
    ("账号已新增。", "The account was added."),
    ("账号已保存。", "The account was saved."),
    (
        "账号由系统管理员管理。",
        "Accounts are managed by the system administrator.",
    ),
    ("账号不存在", "No such account"),
    ("没有这个账号。", "There is no such account."),
    // Refusals shared by the pages that change things.
    (
        "数据已被他人修改,请重新打开页面后再改。",
        "Someone else has changed this meanwhile; reopen the page and make the change again.",
    ),
    ("您的角色无权进行此操作。", "Your role may not do this."),
];
