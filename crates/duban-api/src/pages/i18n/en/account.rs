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
    ("动态验证码", "One-time code"),
    (
        "已启用双因素认证的账号填写验证器应用显示的6位数字,其他账号留空。",
        "For accounts with a second factor: the 6 digits your authenticator app shows. Leave it empty otherwise.",
    ),
    (
        "该账号已启用双因素认证,请输入验证器应用显示的6位动态验证码",
        "This account has a second factor: enter the 6-digit code your authenticator app shows",
    ),
    (
        "动态验证码错误或已使用,请输入应用当前显示的验证码",
        "The code is wrong or has been used already; enter the code the app shows now",
    ),
    (
        "该地址登录尝试过多,请{}秒后再试",
        "Too many sign-in attempts from this address; try again in {} seconds",
    ),
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
    // The password and the second factor.
    (
        "您的密码已超过{}天未更换,已经过期。请先修改密码;修改后请用新密码重新登录。",
        "Your password has not been changed for more than {} days and has expired. Change it first, then sign in again with the new one.",
    ),
    (
        "您的角色须使用双因素认证。请先在下方启用,启用后即可继续使用。",
        "Your role must sign in with a second factor. Set it up below first; then you can go on.",
    ),
    ("密码有效期至", "Password valid until"),
    ("双因素认证", "Second factor"),
    ("已启用", "On"),
    ("未启用", "Off"),
    ("修改密码", "Change password"),
    ("当前密码", "Current password"),
    (
        "至少12位,含大写字母、小写字母、数字、其他字符中的三类,不含用户名。修改后所有登录立即失效,须重新登录。",
        "At least 12 characters, of three of: upper-case letters, lower-case letters, digits, others; not containing the username. Every session ends when it is changed, and you sign in again.",
    ),
    ("再次输入新密码", "New password again"),
    ("两次输入的新密码不一致", "The two new passwords differ"),
    ("密码已修改", "Password changed"),
    (
        "您的所有登录已经结束,请用新密码重新登录。",
        "All your sessions have ended; sign in again with the new password.",
    ),
    (
        "已启用:登录时除密码外还须输入验证器应用显示的动态验证码。如手机丢失,请系统管理员重置。",
        "On: signing in takes, besides the password, the code your authenticator app shows. If you lose your phone, ask the system administrator to reset it.",
    ),
    (
        "您的角色须使用双因素认证。",
        "Your role must sign in with a second factor.",
    ),
    (
        "请在手机的验证器应用(基于时间的动态验证码,TOTP)中添加账号,输入下面的密钥,或打开下面的链接:",
        "Add an account in your phone's authenticator app (time-based one-time codes, TOTP): type in the key below, or open the link below:",
    ),
    ("密钥", "Key"),
    ("链接", "Link"),
    ("应用显示的6位验证码", "The 6-digit code the app shows"),
    ("确认启用", "Turn it on"),
    ("重新生成密钥", "Make a new key"),
    ("启用双因素认证", "Set up the second factor"),
    (
        "双因素认证已启用,今后登录须输入动态验证码。",
        "The second factor is on: from now on, signing in takes a code.",
    ),
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
