package org.paperlink.alliance.renovation;

/** Whether the project is on Zhengzhou's or Xinmi's list of key projects (重点项目). */
public enum KeyProjectLevel {

	ZHENGZHOU, XINMI, NONE

}
