//! Signing in, one's account and the inbox.

pub(super) const EN: &[(&str, &str)] = &[
    // Signing in.
    ("登录", "Sign in"),
    ("用户名", "Username"),
    ("密码", "Password"),
    (
        "这是演示数据库,演示账号见启动时的输出。",
        "This is the demo database: the demo accounts are listed in the server's start-up output.",
    ),
    ("用户名或密码不正确", "Wrong username or password"),
    ("返回登录", "Back to sign-in"),
    // One's account.
    (
        "这是演示账号,只存在于演示数据库中。",
        "This is a demo account: it exists only in the demo database.",
    ),
    ("姓名", "Name"),
    ("角色", "Role"),
    ("所在单位", "Unit"),
    ("提醒邮箱", "Email for reminders"),
    ("未登记", "none registered"),
    ("手机号", "Mobile"),
    ("身份证号", "ID number"),
    ("职责", "Duties"),
    (
        "制定年度计划、开放和关闭报告期、确认各单位填报、督办问题整改、起草和印发督查专报。",
        "Draws up the annual plan, opens and closes reporting periods, confirms the units' reports, follows up the rectification of problems, and drafts and issues the supervision bulletins.",
    ),
    (
        "按期填报本单位承担的民生实事进展,报牵头单位审核。",
        "Reports, each period, the progress of the livelihood projects the unit takes part in, for the lead unit to review.",
    ),
    (
        "审核本单位牵头事项中各责任单位和县区报送的数据。",
        "Reviews the figures that responsible units and counties/districts submit on the projects the unit leads.",
    ),
    (
        "查看驾驶舱和各项实事进展。",
        "Reads the cockpit and the progress of each project.",
    ),
    (
        "查看进展数据,录入第三方评估意见。",
        "Reads the progress figures and enters the third-party evaluation.",
    ),
    (
        "管理账号和系统设置,不接触业务数据。",
        "Manages accounts and system settings, without access to business data.",
    ),
    (
        "管理角色和安全策略,不接触业务数据。",
        "Manages roles and security policies, without access to business data.",
    ),
    (
        "查阅审计日志,不接触业务数据。",
        "Reads the audit log, without access to business data.",
    ),
    // The inbox.
    ("{} 条未读", "{} unread"),
    ("暂无消息。", "No messages."),
    ("标为已读", "Mark as read"),
];
