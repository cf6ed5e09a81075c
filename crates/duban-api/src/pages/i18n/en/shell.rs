//! The header and navigation every page shares.

pub(super) const EN: &[(&str, &str)] = &[
    // The shell and navigation.
    ("督办", "duban"),
    (
        "督办 · 民生实事督查台账",
        "duban · livelihood projects supervision ledger",
    ),
    ("主导航", "Main navigation"),
    ("退出", "Sign out"),
    ("驾驶舱", "Cockpit"),
    ("年度计划", "Annual plan"),
    ("待确认", "To confirm"),
    ("待审核", "To review"),
    ("问题整改", "Problems"),
    ("督查专报", "Bulletins"),
    ("公众异议", "Public objections"),
    ("单位", "Units"),
    ("账号", "Accounts"),
    ("本期任务", "My tasks"),
    ("消息", "Messages"),
    ("我的账号", "My account"),
    ("语言", "Language"),
    (
        "演示数据库:其中的账号和密码是公开的演示账号,切勿用于正式工作。",
        "Demo database: its accounts and passwords are public demo accounts; never use it for real work.",
    ),
    // The login form's refusals (the form itself is translated with the other pages).
    (
        "登录失败次数过多,请15分钟后再试",
        "Too many failed logins; try again in 15 minutes",
    ),
    // The roles, as the header names who is signed in.
    ("督查室工作人员", "supervision office"),
    ("单位填报员", "unit reporter"),
    ("单位审核员", "unit reviewer"),
    ("领导", "leader"),
    ("第三方评估", "third-party evaluator"),
    ("系统管理员", "system administrator"),
    ("安全管理员", "security administrator"),
    ("审计管理员", "audit administrator"),
];
