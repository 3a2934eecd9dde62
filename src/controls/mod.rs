//! One module per control; each reads resolved subjects and its policy text.

pub mod ec2_8;
