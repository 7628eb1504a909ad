import './styles.css';
import { startCommandCenter } from './app/command-center';
import { startWithSignIn } from './auth/auth-gate';

const root = document.getElementById('app');
if (!root) throw new Error('#app is missing from index.html');
startWithSignIn(root, startCommandCenter);
