/** `cdk synth` / `cdk deploy` run this (see cdk.json): the Baton app for `-c stage=<name>` (default dev). */
import { createBatonApp } from '../lib/app.js';

createBatonApp().app.synth();
