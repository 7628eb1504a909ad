import './styles.css';
import { startCommandCenter } from './app/command-center';

const root = document.getElementById('app');
if (!root) throw new Error('#app is missing from index.html');
startCommandCenter(root);
